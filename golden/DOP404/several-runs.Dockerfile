FROM debian:bookworm-slim
COPY client.pem /tmp/client.pem
RUN curl --cert /tmp/client.pem -fsSL https://artifacts.internal/app.tgz -o /tmp/app.tgz
RUN tar -xzf /tmp/app.tgz -C /opt && rm /tmp/app.tgz
RUN rm -f /tmp/client.pem
