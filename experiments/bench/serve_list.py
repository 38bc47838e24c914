"""Listing jobs with 2,000 of them (issue 16), one keep-alive connection at a time.

usage: serve_list.py fill PORT FILE_ID JOBS      makes JOBS jobs through the API; prints jobs/s
       serve_list.py measure PORT JOBS REQUESTS  times the first listing, then REQUESTS of
                                                 `?limit=20` and of the client's adopt-by-metadata
                                                 lookup; prints one JSON object
"""
import http.client
import json
import sys
import time


def timed(connection, path):
    started = time.monotonic()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (response.status, body[:200])
    return time.monotonic() - started, json.loads(body)


def measure(port, path, requests):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    latencies = []
    started = time.monotonic()
    for _ in range(requests):
        latencies.append(timed(connection, path)[0])
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"req_per_s": round(requests / elapsed, 1), "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
            "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 2)}


def fill(port, file_id, jobs):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    started = time.monotonic()
    for index in range(jobs):
        body = json.dumps({"model": "local-small", "training_file": file_id, "seed": index,
                           "metadata": {"ftsweep_trial_key": f"trial-{index}"}})
        connection.request("POST", "/v1/fine_tuning/jobs", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
    print(round(jobs / (time.monotonic() - started), 1))


def main():
    if sys.argv[1] == "fill":
        fill(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
        return
    port, jobs, requests = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    first_s, first = timed(http.client.HTTPConnection("127.0.0.1", port), "/v1/fine_tuning/jobs?limit=20")
    assert len(first["data"]) == 20 and first["has_more"]
    adopt = f"/v1/fine_tuning/jobs?limit=100&metadata%5Bftsweep_trial_key%5D=trial-{jobs // 2}"
    _, adopted = timed(http.client.HTTPConnection("127.0.0.1", port), adopt)
    assert len(adopted["data"]) == 1, adopted
    print(json.dumps({"jobs": jobs, "first_list_ms": round(first_s * 1000, 2),
                      "page": measure(port, "/v1/fine_tuning/jobs?limit=20", requests),
                      "adopt_by_metadata": measure(port, adopt, requests)}))


main()
