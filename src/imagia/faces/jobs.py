"""A job as both faces show it: its record with the URLs of its outputs, events, logs and page."""

from __future__ import annotations

from typing import Any

from imagia.core import jobs


def output_name(job: jobs.Job, path: str) -> str:
    """How an output is named in its URL: relative to the job's own output folder."""
    prefix = f"outputs/{job.id}/"
    return path[len(prefix) :] if path.startswith(prefix) else path


def job_dict(job: jobs.Job) -> dict[str, Any]:
    base = f"/api/jobs/{job.id}"
    data = job.to_dict()
    data["outputs"] = [
        {
            **o,
            "name": output_name(job, o["path"]),
            "url": f"{base}/outputs/{output_name(job, o['path'])}",
        }
        for o in job.outputs
    ]
    data["links"] = {
        "self": base,
        "events": f"{base}/events",
        "logs": f"{base}/logs",
        "page": f"/jobs/{job.id}",
    }
    return data
