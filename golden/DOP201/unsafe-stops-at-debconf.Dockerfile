FROM debian:bookworm-slim
COPY . /srv/app
RUN echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections
RUN apt-get update && apt-get install -y --no-install-recommends postfix && rm -rf /var/lib/apt/lists/*
