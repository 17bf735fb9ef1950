FROM alpine/git:2.45.2
COPY id_rsa /root/.ssh/id_rsa
RUN git clone git@github.com:acme/private.git /src
