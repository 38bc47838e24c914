"""Drives `ftsweep serve` with the official `openai` Python SDK, as a team's scripts would.

Run by OpenAISDKTests with OPENAI_BASE_URL, OPENAI_API_KEY and TRAINING_FILE set; prints `ok` last.
"""
import os
import time

import openai

client = openai.OpenAI(max_retries=0, timeout=60)


def wait(job_id, states):
    deadline = time.time() + 120
    while time.time() < deadline:
        job = client.fine_tuning.jobs.retrieve(job_id)
        if job.status in states:
            return job
        time.sleep(0.05)
    raise SystemExit(f"job {job_id} never reached {states}")


with open(os.environ["TRAINING_FILE"], "rb") as data:
    uploaded = client.files.create(file=data, purpose="fine-tune")
assert uploaded.id.startswith("file-") and uploaded.status == "processed", uploaded
assert client.files.retrieve(uploaded.id).bytes == uploaded.bytes
assert uploaded.id in [f.id for f in client.files.list()]

# A long job to pause, resume and cancel.
method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 50, "batch_size": 8}}}
long_job = client.fine_tuning.jobs.create(model="local-small", training_file=uploaded.id, method=method, metadata={"sdk": "long"})
wait(long_job.id, {"running"})
assert client.fine_tuning.jobs.pause(long_job.id).id == long_job.id
wait(long_job.id, {"paused"})
client.fine_tuning.jobs.resume(long_job.id)
wait(long_job.id, {"running"})
client.fine_tuning.jobs.cancel(long_job.id)
assert wait(long_job.id, {"cancelled"}).status == "cancelled"

# A short job, found again by its metadata, with its events paged through and its checkpoint listed.
method = {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}}
job = client.fine_tuning.jobs.create(model="local-small", training_file=uploaded.id, method=method, suffix="sdk", metadata={"sdk": "short"})
done = wait(job.id, {"succeeded", "failed", "cancelled"})
assert done.status == "succeeded", done
found = [j.id for j in client.fine_tuning.jobs.list(metadata={"sdk": "short"})]
assert found == [job.id], found
events = list(client.fine_tuning.jobs.list_events(job.id, limit=3))  # auto-paginates, 3 at a time
assert len(events) > 6 and len({e.id for e in events}) == len(events), len(events)
assert any(e.message == "The job has successfully completed" for e in events)
checkpoints = list(client.fine_tuning.jobs.checkpoints.list(job.id))
assert len(checkpoints) == 2, checkpoints

model = done.fine_tuned_model
assert client.models.retrieve(model).id == model
assert model in [m.id for m in client.models.list()]

messages = [{"role": "user", "content": [{"type": "text", "text": "the app crashes on start"}]}]
answer = client.chat.completions.create(model=model, messages=messages).choices[0].message.content
assert answer, answer
streamed = "".join(chunk.choices[0].delta.content or "" for chunk in client.chat.completions.create(model=model, messages=messages, stream=True) if chunk.choices)
assert streamed == answer, (streamed, answer)

assert client.models.delete(model).deleted
try:
    client.chat.completions.create(model=model, messages=messages)
    raise SystemExit("a deleted model answered")
except openai.NotFoundError as error:
    assert error.status_code == 404 and error.response.headers.get("x-request-id", "").startswith("req_")
try:
    client.fine_tuning.jobs.create(model="local-small", training_file=uploaded.id, seed=-1)
    raise SystemExit("seed -1 was accepted")
except openai.BadRequestError as error:
    assert error.body["param"] == "seed", error.body
print("ok")
