FROM debian:bookworm-slim AS base
RUN echo hi
FROM base
RUN echo there
