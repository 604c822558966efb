"""Loads datasets written by `reckon dataset export` with pandas and Hugging Face `datasets`.

Usage: check-dataset-loaders.py DIR [DIR ...]; each DIR holds dataset.json and its split files. For
every split the row count and the columns must be what the card says, and both loaders must read the
same ids. Exits non-zero on the first disagreement (Makefile: test-python).
"""
import json
import sys

import datasets
import pandas as pd

for directory in sys.argv[1:]:
    card = json.load(open(f"{directory}/dataset.json"))
    for split in card["splits"]:
        path = f"{directory}/{split['file']}"
        if card["format"] == "jsonl":
            frame = pd.read_json(path, lines=True, dtype=False)
            loaded = datasets.load_dataset("json", data_files=path, split="train")
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            loaded = datasets.load_dataset("csv", data_files=path, split="train")
        assert len(frame) == split["records"] == len(loaded), (path, len(frame), len(loaded), split["records"])
        for column in ("id", "split", "length", "input", "target", "mask"):
            assert column in frame.columns and column in loaded.column_names, (path, column)
        assert list(frame["id"].astype(str)) == [str(i) for i in loaded["id"]], path
        assert set(frame["split"]) == {split["name"]}, path
        print(f"{path}: {len(frame)} rows read by pandas {pd.__version__} and datasets {datasets.__version__}")
