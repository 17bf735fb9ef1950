FROM debian:bookworm-slim
RUN apt-get -s install curl
RUN apt-get install --simulate curl && apt-get install --dry-run git
RUN apt-get --just-print remove perl; apt-get --recon purge perl; apt-get --no-act autoremove
RUN apt-get -qs dist-upgrade || true
RUN apt-get --print-uris install curl | cut -d" " -f1
RUN apt-get -o APT::Get::Simulate=true install vim
