FROM debian:bookworm
RUN groupadd -g 1001 builder && useradd -u 1001 -g builder builder
RUN apt-get update && apt-get install -y --no-install-recommends libcurl4 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN make -C /src
