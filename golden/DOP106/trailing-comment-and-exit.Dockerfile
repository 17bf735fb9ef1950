FROM debian:bookworm
RUN apt-get update && apt-get install -y python3-venv
RUN python3 -m venv /venv && /venv/bin/pip install gunicorn || exit 1  # WSGI server
