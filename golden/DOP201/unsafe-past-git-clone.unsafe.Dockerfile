FROM buildpack-deps:bookworm-scm
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
RUN git clone --depth 1 https://github.com/example/tool.git /opt/tool
CMD ["/opt/tool/run.sh"]
