FROM debian:bookworm-slim
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tgz | tar -xz; if [ -d app ]; then make -C app; make -C app check; fi; \
    make -C app install
