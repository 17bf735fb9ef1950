FROM debian:bookworm-slim
WORKDIR /opt
ADD --checksum=sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 https://example.com/app.jar app.jar
RUN echo "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 *app.jar" | sha256sum -c
