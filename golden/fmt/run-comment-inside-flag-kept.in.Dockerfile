FROM debian:bookworm-slim
RUN --mount=type=cache,\
# a comment inside a flag word
target=/root/.cache pip install requests && \
    pip check
