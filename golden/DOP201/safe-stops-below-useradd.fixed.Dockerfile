FROM debian:bookworm-slim
RUN useradd --create-home --uid 1000 app
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
COPY . /home/app/src
