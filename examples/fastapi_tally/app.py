"""An owners' vote tally behind a FastAPI endpoint.

    uvicorn examples.fastapi_tally.app:app

``POST /tally`` takes a vote as JSON (the roll, the motions, the ballots: the same
file ``neighborly tally`` reads) and answers with every motion's tally and its verdict,
explained in the language the client asks for (``?lang=zh``).  Bad input is answered
with 422 and neighborly's problems, each with its JSON path, never a traceback.

neighborly does the work; FastAPI only moves bytes.  The body is read as raw bytes
and given to ``neighborly.loads``, so the one converter that reads community files
also checks the vote (a pydantic model of the vote would check it a second time,
differently).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from neighborly import InvalidInput, NeighborlyError, loads, unstructure
from neighborly.owners import Vote, tally_vote
from neighborly.serialization import Limits

app = FastAPI(title="neighborly tally")

# A vote of a large compound is a few megabytes and some 20,000 values; refuse
# anything far beyond that (at most about a second and 100 MiB a request).
LIMITS = Limits(max_bytes=16 * 2**20, max_items=1_000_000)


@app.post("/tally")
async def tally(request: Request, lang: Literal["en", "zh"] = "en") -> JSONResponse:
    """Count every motion of the posted vote under Civil Code Art. 278."""
    body = await request.body()
    try:
        vote = loads(body, Vote, limits=LIMITS)
        tallies = tally_vote(vote)
    except InvalidInput as err:
        problems = [
            {"path": p.path, "message": p.explain(lang), "expected": p.expected.render(lang)}
            for p in err.problems
        ]
        # past Limits.max_problems, the rest are counted, not described
        return JSONResponse({"problems": problems, "more": err.more}, status_code=422)
    except NeighborlyError as err:  # any other refusal neighborly explains
        return JSONResponse({"problems": [{"path": "$", "message": str(err)}]}, status_code=422)
    answer: dict[str, Any] = {
        "vote": vote.id,
        "passed": all(t.passed for t in tallies),
        "tallies": [{**unstructure(t), "explanation": t.explain(lang)} for t in tallies],
    }
    return JSONResponse(answer)
