FROM debian:bookworm-slim
COPY . /srv/agent
RUN curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/example.gpg && \
    echo "deb [signed-by=/usr/share/keyrings/example.gpg] https://example.com/apt stable main" > /etc/apt/sources.list.d/example.list
RUN apt-get update && apt-get install -y --no-install-recommends example-agent && rm -rf /var/lib/apt/lists/*
