FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl
RUN apt-get install --yes git && apt-get --assume-yes install make
RUN apt-get -qq install wget && apt-get -yq install less
RUN apt-get -o APT::Get::Assume-Yes=true install vim
RUN yes | apt-get install nano
