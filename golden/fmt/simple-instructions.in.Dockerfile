FROM alpine:3.19
maintainer   Jane Doe <jane@example.com>
stopsignal    SIGTERM
user   1000:1000
workdir   /srv/app
arg   TARGETOS
arg VERSION=1.2.3
