FROM debian:bookworm-slim
RUN set -e; gpg --batch --verify app.tar.gz.asc app.tar.gz; tar -xzf app.tar.gz
RUN set -o errexit; ./configure; make
RUN make install
