/// PyTorch's side of `reckon bench peers` (`reckon bench peers --print-script` prints it).
extension PeerBenchmark {
    public static let torchScript = #"""
        """PyTorch's side of `reckon bench peers`: one training step (forward, backward, global-norm
        clipping 1.0, Adam) at the shapes of Reckon's engine benchmark, timed after a warm-up.

          lstm:                LSTM hidden 256, input 4, batch 128, length 20, a linear readout to 2
                               classes at every step, softmax cross-entropy (../shared/bench/torch_lstm_step.py).
          transformer_encoder: post-LN encoder, 5 layers, width 64, 8 heads, feed-forward 256 (ReLU),
                               dropout 0.1, sin/cos positions, bias-free token embedding scaled by 8,
                               batch 128, length 40, input width 4, 2 classes at every position.

        Prints one JSON line: {"name": "torch_step", "model": ..., "threads": ..., "steps_per_s": ...}.
        """
        import argparse, json, math, time
        import torch

        parser = argparse.ArgumentParser()
        parser.add_argument("--model", choices=["lstm", "transformer_encoder"], required=True)
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


        if args.model == "lstm":
            batch, length, inputs, outputs = 128, 20, 4, 2
            model = LSTMReadout(inputs=inputs, outputs=outputs)
        else:
            batch, length, inputs, outputs = 128, 40, 4, 2
            model = Encoder(inputs=inputs, outputs=outputs, length=length)
        model.train()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.nn.functional.one_hot(torch.randint(0, inputs, (batch, length)), inputs).float()
        y = torch.randint(0, outputs, (batch, length))


        def step():
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, outputs), y.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()


        for _ in range(3):
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
