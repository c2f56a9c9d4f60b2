"""Write src/allies/matching/kind_meanings.npz: how the sentence encoder reads every NTEE code.

The fit ranking reads for meaning the organizations of the NTEE codes closest in meaning to a goal
(docs/fit.md, "The kinds closest in meaning"). Reading the 400 or so codes of a state's list takes
seconds, too long for a first ranking, so the vectors of every code's title and description are
written once with the model `make install` installs and shipped, in half precision, under the key
the app looks them up by (`meaning.text_key` of `ntee.kind_text`). Run it again
(`.venv/bin/python scripts/kind_meanings.py`) when ntee.json changes; until then a code whose text
changed is read on the first ranking of each process.
tests/matching/test_meaning.py checks the file against the model and the taxonomy.
"""

import numpy as np

from allies.directory.ntee import kind_text, ntee_codes
from allies.matching import meaning


def main() -> None:
    folder = meaning.installed_model()
    if folder is None:
        raise SystemExit("The model is not installed: run make install first.")
    encoder = meaning.encoder_for(folder)
    texts = sorted({kind_text(code) for code in ntee_codes()})
    vectors = encoder.encode(texts).astype(np.float16)
    keys = np.array([meaning.text_key(text) for text in texts])
    with open(meaning.KINDS_FILE, "wb") as handle:
        np.savez_compressed(handle, keys=keys, vectors=vectors)
    print(f"{len(texts)} kinds written to {meaning.KINDS_FILE}")


if __name__ == "__main__":
    main()
