FROM debian:bookworm-slim
MAINTAINER "Jane \"JD\" Doe" <jane@example.com> $USER ${HOME} C:\Users\jane
