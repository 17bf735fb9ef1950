FROM alpine/git:2.45.2
RUN --mount=type=secret,id=id_rsa,target=/root/.ssh/id_rsa git clone git@github.com:acme/private.git /src
