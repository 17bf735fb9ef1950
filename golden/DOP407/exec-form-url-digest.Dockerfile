FROM debian:bookworm-slim
ARG DIG_A_SHA256=5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef
ADD ["https://github.com/tarosky/dig-a/releases/download/v1.0.1/dig-a_linux_amd64", "/dig-a"]
