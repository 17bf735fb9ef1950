from debian:bookworm-slim
workdir /app
run echo hello
copy . /app
expose 8080
user nobody
cmd ["./server"]
