/// The programs `reckon rasp list` shows and `lib:<name>` names: tracr's library (`lib.py`) and two
/// RASP-L programs of Zhou et al. (2023), all in the text syntax.
public enum ProgramLibrary {
    public static func program(named name: String) throws -> LibraryProgram {
        guard let p = all.first(where: { $0.name == name }) else {
            throw LibraryError(name: name, known: all.map(\.name))
        }
        return p
    }

    public static let all: [LibraryProgram] = [
        length, reverse, histogram, sortUnique, sort, fracPrevs, mostFrequent,
        dyck1, dyck2, count, induction,
    ]

    static let length = LibraryProgram(
        name: "length", summary: "the input's length at every position", origin: "tracr lib.make_length",
        source: """
            # The length at every position: how many keys a select that is always true selects.
            length = selector_width(select(tokens, tokens, TRUE))

            """, vocabulary: ["a", "b", "c"], maxLength: 64)

    static let reverse = LibraryProgram(
        name: "reverse", summary: "the tokens in reverse order", origin: "tracr lib.make_reverse",
        source: """
            # Reverse: position i reads the token at n - 1 - i.
            length = selector_width(select(tokens, tokens, TRUE))
            opp_idx = length - indices
            opp_idx_1 = opp_idx - 1
            reverse = aggregate(select(indices, opp_idx_1, EQ), tokens)

            """, vocabulary: ["a", "b", "c"], maxLength: 64)

    static let histogram = LibraryProgram(
        name: "histogram", summary: "how often each position's token occurs in the input",
        origin: "tracr lib.make_hist",
        source: """
            # Histogram: at each position, how many tokens equal this one.
            hist = selector_width(select(tokens, tokens, EQ))

            """, vocabulary: ["a", "b", "c"], maxLength: 64)

    static let sortUnique = LibraryProgram(
        name: "sort_unique", summary: "the tokens sorted ascending (for distinct tokens)",
        origin: "tracr lib.make_sort_unique",
        source: """
            # Sort with unique keys: a token's place is the number of smaller tokens.
            # With repeated tokens some places get several equal tokens (their mean is the token) and
            # some get none (None); the compiled model does the same.
            smaller = select(tokens, tokens, LT)
            target_pos = selector_width(smaller)
            sort = aggregate(select(target_pos, indices, EQ), tokens)

            """, vocabulary: [1, 2, 3, 4], maxLength: 64)

    static let sort = LibraryProgram(
        name: "sort", summary: "the tokens sorted ascending, repeats kept in input order",
        origin: "tracr lib.make_sort",
        source: """
            # Sort with repeated keys: make keys unique by adding i / (i + 1), which is below 1 and grows
            # with the position, so equal tokens keep their input order. (Tracr adds
            # min_key * i / max_seq_len, which needs the compile-time maximum length inside the program.)
            key = sequence_map((x, i) -> x + i / (i + 1), tokens, indices)
            smaller = select(key, key, LT)
            target_pos = selector_width(smaller)
            sort = aggregate(select(target_pos, indices, EQ), tokens)

            """, vocabulary: [1, 2, 3, 4], maxLength: 64)

    static let fracPrevs = LibraryProgram(
        name: "frac_prevs", summary: "the fraction of tokens up to each position that are x",
        origin: "tracr lib.make_frac_prevs",
        source: """
            # The fraction of positions up to here holding "x" (a numerical mean over a causal select).
            is_x = numerical(tokens == "x")
            frac_prevs = numerical(aggregate(select(indices, indices, LEQ), is_x, default: 0))

            """, vocabulary: ["a", "b", "x"], maxLength: 64)

    static let mostFrequent = LibraryProgram(
        name: "most_frequent", summary: "the tokens sorted by frequency, most frequent first, ties in input order",
        origin: "tracr lib.make_sort_freq (same output, other construction)",
        source: """
            # Most frequent first, ties in input order (tracr's make_sort_freq). A token's place is the
            # number of tokens before it in that order: the more frequent ones, and the equally frequent
            # earlier ones (a selector 'and'). Tracr sorts on a unique key -hist + i/max_len instead,
            # whose max_len * (max_len + 1) values each take a residual direction (4160 at length 64).
            hist = selector_width(select(tokens, tokens, EQ))
            more_frequent = numerical(selector_width(select(hist, hist, GT)))
            tied_before = numerical(selector_width(select(hist, hist, EQ) and select(indices, indices, LT)))
            place = numerical(sequence_map((x, y) -> x + y, more_frequent, tied_before))
            target_pos = map(x -> x, place)
            most_frequent = aggregate(select(target_pos, indices, EQ), tokens)

            """, vocabulary: ["a", "b", "c"], maxLength: 64)

    static let dyck1 = LibraryProgram(
        name: "dyck1", summary: "1 at every position if the parentheses are balanced, else 0",
        origin: "tracr lib.make_shuffle_dyck([\"()\"])",
        source: """
            # Balanced parentheses (tracr's shuffle-Dyck with one pair): the running balance
            # opens - closes (as fractions of the prefix) never goes negative and ends at 0.
            bools_open = numerical(tokens == "(")
            opens = numerical(aggregate(select(indices, indices, LEQ), bools_open, default: 0))
            bools_close = numerical(tokens == ")")
            closes = numerical(aggregate(select(indices, indices, LEQ), bools_close, default: 0))
            balance = numerical(sequence_map((x, y) -> x - y, opens, closes))
            any_negative = numerical(map(x -> x, balance < 0))
            has_neg = numerical(aggregate(select(indices, indices, TRUE), any_negative, default: 0))
            all_zero = balance == 0
            length = selector_width(select(tokens, tokens, TRUE))
            last_zero = aggregate(select(indices, length - 1, EQ), all_zero)
            dyck1 = last_zero and not has_neg

            """, vocabulary: ["(", ")"], maxLength: 64)

    static let dyck2 = LibraryProgram(
        name: "dyck2", summary: "1 at every position if () and {} are each balanced (shuffle-Dyck-2), else 0",
        origin: "tracr lib.make_shuffle_dyck2",
        source: """
            # Shuffle-Dyck-2: each kind of bracket balanced on its own, as tracr's make_shuffle_dyck2.
            bools_open_1 = numerical(tokens == "(")
            opens_1 = numerical(aggregate(select(indices, indices, LEQ), bools_open_1, default: 0))
            bools_close_1 = numerical(tokens == ")")
            closes_1 = numerical(aggregate(select(indices, indices, LEQ), bools_close_1, default: 0))
            balance_1 = numerical(sequence_map((x, y) -> x - y, opens_1, closes_1))
            bools_open_2 = numerical(tokens == "{")
            opens_2 = numerical(aggregate(select(indices, indices, LEQ), bools_open_2, default: 0))
            bools_close_2 = numerical(tokens == "}")
            closes_2 = numerical(aggregate(select(indices, indices, LEQ), bools_close_2, default: 0))
            balance_2 = numerical(sequence_map((x, y) -> x - y, opens_2, closes_2))
            any_negative = numerical(map(x -> x, balance_1 < 0 or balance_2 < 0))
            has_neg = numerical(aggregate(select(indices, indices, TRUE), any_negative, default: 0))
            all_zero = balance_1 == 0 and balance_2 == 0
            length = selector_width(select(tokens, tokens, TRUE))
            last_zero = aggregate(select(indices, length - 1, EQ), all_zero)
            dyck2 = last_zero and not has_neg

            """, vocabulary: ["(", ")", "{", "}"], maxLength: 64)

    static let count = LibraryProgram(
        name: "count", summary: "RASP-L counting: after -1 s e, predicts s, s+1, …, e, then -2",
        origin: "Zhou et al. 2023, RASP-L count (apple/ml-np-rasp examples/count.py)",
        source: """
            # Zhou et al.'s counting task as a next-token predictor: the prompt is START s e
            # (START = -1, END = -2) and each position predicts the next token of s, s+1, ..., e, END.
            # RASP-L finds the last START with a max-aggregation; RASP has only means, so the n-th START
            # is found by counting: the query with n STARTs up to it selects the key that is the n-th START.
            starts = selector_width(select(tokens, tokens, (k, q) -> k == -1) and select(indices, indices, LEQ))
            # A START's key is its rank; position 0 answers queries with no START (-1 elsewhere).
            start_flag = sequence_map((t, i) -> if t == -1 then 1 else (if i == 0 then 0 else -1), tokens, indices)
            start_key = sequence_map((f, n) -> if f == 1 then n else f, start_flag, starts)
            start_idx = aggregate(select(start_key, starts, EQ), indices)
            start_num = aggregate(select(indices, start_idx + 1, EQ), tokens)
            end_num = aggregate(select(indices, start_idx + 2, EQ), tokens)
            is_first = sequence_map((i, s) -> i == s + 2, indices, start_idx)
            first_or_not = sequence_map((f, s) -> if f then s else -3, is_first, start_num)
            step = sequence_map((t, e) -> if t == e then -2 else t + 1, tokens, end_num)
            count = sequence_map((f, s) -> if f == -3 then s else f, first_or_not, step)

            """, vocabulary: [-2, -1, 0, 1, 2, 3], maxLength: 64)

    static let induction = LibraryProgram(
        name: "induction",
        summary: "RASP-L induction head: the token that followed the current one's first earlier occurrence",
        origin: "Zhou et al. 2023, RASP-L induct (apple/ml-np-rasp lib.py)",
        source: """
            # Zhou et al.'s induct(k=x, q=x, offset=1): at position i, find the first j <= i whose
            # previous token equals tokens[i], and output tokens[j] (None if there is none). On a prompt of
            # distinct tokens followed by its start (0 1 2 3 0 1 2) it predicts the copy's next token.
            # RASP-L takes the first j with a min-aggregation; RASP has only means, so each previous
            # token's first occurrence is found by counting, and only that position keeps its key.
            prev = aggregate(select(indices, indices, (k, q) -> k == q - 1 or k + q == 0), tokens)
            prev_key = sequence_map((p, i) -> if i == 0 then -1 else p, prev, indices)
            occurrence = selector_width(select(prev_key, prev_key, EQ) and select(indices, indices, LEQ))
            first_prev = sequence_map((p, o) -> if o == 1 then p else -2, prev_key, occurrence)
            induction = aggregate(select(first_prev, tokens, EQ) and select(indices, indices, LEQ), tokens)

            """, vocabulary: [0, 1, 2, 3], maxLength: 64)
}
