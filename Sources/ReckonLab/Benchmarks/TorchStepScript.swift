/// PyTorch's side of `reckon bench peers` (`reckon bench peers --print-script` prints it).
extension PeerBenchmark {
    public static let torchScript = #"""
        """PyTorch's side of `reckon bench peers`: one training step (forward, backward, global-norm
        clipping 1.0, Adam) at the shapes of Reckon's benchmarks, timed after a warm-up.

          lstm:                LSTM hidden 256, input 4, batch 128, length 20, a linear readout to 2
                               classes at every step, softmax cross-entropy (../shared/bench/torch_lstm_step.py).
          transformer_encoder: post-LN encoder, 5 layers, width 64, 8 heads, feed-forward 256 (ReLU),
                               dropout 0.1, sin/cos positions, bias-free token embedding scaled by 8,
                               batch 128, length 40, input width 4, 2 classes at every position.
          looped_transformer:  Fan et al.'s looped block (2025) on parity at n = 20: read-in Linear(3 -> 256)
                               of the tape (20 one-hot bits and one output blank, Reckon's tape width 3),
                               h = 0, then 20 times h = LN_f(Block(h + e)) with Block one pre-LN GPT-2 layer
                               (causal attention, 8 heads, bias-free projections as Reckon's; MLP 256 -> 1024
                               -> 256 with tanh-approximated GELU, GPT-2's and Reckon's; dropout 0; no
                               positional encoding),
                               Linear(256 -> 2) at the last position, batch 64, Adam lr 1e-4.

        Prints one JSON line: {"name": "torch_step", "model": ..., "threads": ..., "steps_per_s": ...}.
        """
        import argparse, json, math, time
        import torch

        parser = argparse.ArgumentParser()
        parser.add_argument("--model", choices=["lstm", "transformer_encoder", "looped_transformer"], required=True)
        parser.add_argument("--threads", type=int, required=True)
        parser.add_argument("--seconds", type=float, default=3.0)
        args = parser.parse_args()
        torch.set_num_threads(args.threads)
        torch.manual_seed(0)


        class LSTMReadout(torch.nn.Module):
            def __init__(self, inputs=4, hidden=256, outputs=2):
                super().__init__()
                self.lstm = torch.nn.LSTM(inputs, hidden, batch_first=True)
                self.head = torch.nn.Linear(hidden, outputs)

            def forward(self, x):
                return self.head(self.lstm(x)[0])


        class Encoder(torch.nn.Module):
            def __init__(self, inputs=4, width=64, heads=8, layers=5, outputs=2, length=40):
                super().__init__()
                self.width = width
                self.embed = torch.nn.Linear(inputs, width, bias=False)
                self.layers = torch.nn.ModuleList(
                    torch.nn.TransformerEncoderLayer(width, heads, 4 * width, dropout=0.1, batch_first=True,
                    norm_first=False)
                    for _ in range(layers))
                self.dropout = torch.nn.Dropout(0.1)
                self.head = torch.nn.Linear(width, outputs)
                position = torch.arange(length, dtype=torch.float32)[:, None]
                frequency = torch.exp(torch.arange(0, width, 2, dtype=torch.float32) * (-math.log(10000.0) / width))
                table = torch.zeros(length, width)
                table[:, 0::2] = torch.sin(position * frequency)
                table[:, 1::2] = torch.cos(position * frequency)
                self.register_buffer("positions", table)

            def forward(self, x):
                h = self.dropout(self.embed(x) * math.sqrt(self.width) + self.positions)
                for layer in self.layers:
                    h = layer(h)
                return self.head(h)


        class LoopedBlock(torch.nn.Module):
            """e = ReadIn(x); h = 0; `iterations` times h = LN_f(Block(h + e)); logits at the last `read` positions.
            The attention's query, key and value come from one fused product (as GPT-2's c_attn): the same
            FLOPs as Reckon's three."""

            def __init__(self, inputs=3, width=256, heads=8, outputs=2, iterations=20, read=1):
                super().__init__()
                self.heads, self.iterations, self.read = heads, iterations, read
                self.read_in = torch.nn.Linear(inputs, width)
                self.ln_1 = torch.nn.LayerNorm(width)
                self.qkv = torch.nn.Linear(width, 3 * width, bias=False)
                self.attention_out = torch.nn.Linear(width, width, bias=False)
                self.ln_2 = torch.nn.LayerNorm(width)
                self.mlp = torch.nn.Sequential(
                    torch.nn.Linear(width, 4 * width), torch.nn.GELU(approximate="tanh"),
                    torch.nn.Linear(4 * width, width))
                self.ln_f = torch.nn.LayerNorm(width)
                self.head = torch.nn.Linear(width, outputs)

            def block(self, h):
                b, l, d = h.shape
                q, k, v = self.qkv(self.ln_1(h)).view(b, l, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
                a = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
                h = h + self.attention_out(a.transpose(1, 2).reshape(b, l, d))
                return h + self.mlp(self.ln_2(h))

            def forward(self, x):
                e = self.read_in(x)
                h = torch.zeros_like(e)
                for _ in range(self.iterations):
                    h = self.ln_f(self.block(h + e))
                return self.head(h[:, -self.read:])


        learning_rate = 1e-3
        if args.model == "lstm":
            batch, length, inputs, outputs = 128, 20, 4, 2
            model = LSTMReadout(inputs=inputs, outputs=outputs)
        elif args.model == "transformer_encoder":
            batch, length, inputs, outputs = 128, 40, 4, 2
            model = Encoder(inputs=inputs, outputs=outputs, length=length)
        else:
            batch, bits, inputs, outputs, learning_rate = 64, 20, 3, 2, 1e-4
            model = LoopedBlock(inputs=inputs, outputs=outputs, iterations=bits)
        model.train()
        optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
        if args.model == "looped_transformer":
            ids = torch.randint(0, 2, (batch, bits))
            tape = torch.cat([ids, torch.full((batch, 1), 2)], dim=1)
            x = torch.nn.functional.one_hot(tape, inputs).float()
            y = ids.sum(dim=1) % 2
        else:
            x = torch.nn.functional.one_hot(torch.randint(0, inputs, (batch, length)), inputs).float()
            y = torch.randint(0, outputs, (batch, length))


        def step():
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, outputs), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()


        # The looped step took 1.6 s on one core (2.13, a 2-core EPYC): one warm-up step, as Reckon's side.
        for _ in range(1 if args.model == "looped_transformer" else 3):
            step()
        steps, start = 0, time.perf_counter()
        while True:
            step()
            steps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= args.seconds:
                break
        print(json.dumps({"name": "torch_step", "model": args.model, "threads": torch.get_num_threads(),
                          "torch": torch.__version__, "steps_per_s": steps / elapsed}))
        """#
}
