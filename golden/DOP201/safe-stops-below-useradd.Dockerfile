FROM debian:bookworm-slim
RUN useradd --create-home --uid 1000 app
COPY . /home/app/src
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
