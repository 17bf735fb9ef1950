FROM opensuse/leap:15.6 AS build
RUN zypper -n in -y go1.22 && zypper clean -a
COPY . /src
RUN cd /src && go build -o /app .

FROM opensuse/leap:15.6
RUN zypper -n in -y ca-certificates && zypper clean -a
COPY --from=build /app /usr/local/bin/app
