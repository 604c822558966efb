"""Train an LSTM in PyTorch on a dataset of `reckon dataset export`, predict its eval split, and write
the predictions `reckon score` reads.

    reckon dataset export reverse_string --train-samples 200000 --samples 64 --out datasets/reverse
    python examples/pytorch/train_lstm.py --dataset datasets/reverse --out predictions.jsonl
    reckon score predictions.jsonl --dataset datasets/reverse --name pytorch_lstm

The model reads the task as Reckon's machines do (the Chomsky benchmark's readout): the input's one-hot
vectors with one extra channel, then one blank per answer position with that channel set; the answer
is read at the blanks. The defaults are Reckon's lab defaults for `lstm`: 256 hidden units, 10 000
steps of batch 128, Adam 1e-3, gradients clipped to norm 1, each step one length drawn uniformly from
the training lengths. Token tasks only (one class per answer position).
"""
import argparse
import collections
import json
import random

import torch


def read_records(path):
    with open(path) as f:
        return [json.loads(line) for line in f]


class Reader(torch.nn.Module):
    """An LSTM over [input, blanks] and a linear map to the classes at the blanks."""

    def __init__(self, symbols, classes, hidden):
        super().__init__()
        self.symbols = symbols
        self.lstm = torch.nn.LSTM(symbols + 1, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, classes)

    def forward(self, inputs, answer_length):
        # inputs: [B, T] token ids; returns logits [B, answer_length, classes].
        tape = torch.nn.functional.one_hot(inputs, self.symbols + 1).float()
        blanks = torch.zeros(inputs.shape[0], answer_length, self.symbols + 1)
        blanks[:, :, self.symbols] = 1
        states, _ = self.lstm(torch.cat([tape, blanks], dim=1))
        return self.head(states[:, -answer_length:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="a directory of `reckon dataset export`")
    parser.add_argument("--out", default="predictions.jsonl")
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--steps", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)

    card = json.load(open(f"{args.dataset}/dataset.json"))
    files = {split["name"]: f"{args.dataset}/{split['file']}" for split in card["splits"]}
    assert card["output_kind"] == "tokens", "this example handles token tasks"
    model = Reader(len(card["input_symbols"]), len(card["output_symbols"]), args.hidden)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)

    by_length = collections.defaultdict(list)
    for r in read_records(files["train"]):
        by_length[r["length"]].append(r)
    lengths = sorted(by_length)
    for step in range(args.steps):
        batch = random.choices(by_length[random.choice(lengths)], k=args.batch_size)
        inputs = torch.tensor([r["input_ids"] for r in batch])
        targets = torch.tensor([r["target_ids"] for r in batch])
        logits = model(inputs, targets.shape[1])
        loss = torch.nn.functional.cross_entropy(logits.flatten(0, 1), targets.flatten())
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 500 == 0 or step == args.steps - 1:
            print(f"step {step} loss {loss.item():.4f}", flush=True)

    evaluation = collections.defaultdict(list)
    for r in read_records(files["eval"]):
        evaluation[(r["length"], len(r["target_ids"]))].append(r)
    with open(args.out, "w") as out, torch.no_grad():
        for (_, answer_length), records in sorted(evaluation.items()):
            for start in range(0, len(records), 256):
                chunk = records[start:start + 256]
                logits = model(torch.tensor([r["input_ids"] for r in chunk]), answer_length)
                for r, answer in zip(chunk, logits.argmax(-1).tolist()):
                    line = {"dataset": card["dataset_id"], "id": r["id"], "tokens": answer}
                    out.write(json.dumps(line) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
