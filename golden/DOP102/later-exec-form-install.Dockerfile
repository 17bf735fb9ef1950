FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
COPY . /src
# Exec form, and no `apt-get update` of its own: this install reads the lists above.
RUN ["apt-get", "install", "-y", "--no-install-recommends", "make"]
