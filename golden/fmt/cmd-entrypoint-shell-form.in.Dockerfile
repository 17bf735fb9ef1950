FROM alpine:3.19
entrypoint   exec   /app/run.sh   --verbose
cmd   echo   "hello   world"
