FROM debian:bookworm-slim
COPY --chown=1000:1000 --chmod=644 --link context/config.txt context/notes.md /srv/
