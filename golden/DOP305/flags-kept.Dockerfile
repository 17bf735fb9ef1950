FROM debian:bookworm-slim
ADD --chown=1000:1000 --chmod=644 --link context/config.txt context/notes.md /srv/
