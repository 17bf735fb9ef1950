FROM debian:bookworm-slim
RUN ( set -e; gpg --batch --verify app.tar.gz.asc app.tar.gz; tar -xzf app.tar.gz ); case $? in 0) ;; *) exit $? ;; esac; \
    ( set -o errexit; ./configure; make ); case $? in 0) ;; *) exit $? ;; esac; \
    make install
