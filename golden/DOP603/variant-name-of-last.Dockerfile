FROM node:22-bookworm-slim AS base2-slim
RUN echo slim
FROM node:22-bookworm AS base2
RUN echo full
