"""Print how the Python importers read each file named on the command line, as JSON.

The extension's transcript readers are tested against this output, so a file saved from the
editor and the same file imported with `sekha import` become the same conversation.
"""

import json
import sys

from sekha.importers import ImportFileError, read_file


def describe(path: str) -> dict[str, object]:
    try:
        parsed = read_file(path)
    except ImportFileError as exc:
        return {"error": str(exc).removeprefix(f"{path}: ")}
    return {
        "format": parsed.format,
        "conversations": [
            {
                "source": c.source,
                "sourceId": c.source_id,
                "title": c.title,
                "messages": [{"role": m.role, "content": m.content} for m in c.messages],
            }
            for c in parsed.conversations
        ],
        "failures": [f.title for f in parsed.failures],
    }


json.dump([describe(path) for path in sys.argv[1:]], sys.stdout)
