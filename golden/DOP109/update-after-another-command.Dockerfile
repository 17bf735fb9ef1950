FROM debian:bookworm
# the second update follows a command dopt cannot judge: it stays, so do both installs
RUN apt-get update && mkdir -p /usr/share/man/man1 && apt-get install -y software-properties-common && apt-get -y update && apt-get install -y gcc git
