FROM buildpack-deps:bookworm-scm
RUN git clone --depth 1 https://github.com/example/tool.git /opt/tool
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
CMD ["/opt/tool/run.sh"]
