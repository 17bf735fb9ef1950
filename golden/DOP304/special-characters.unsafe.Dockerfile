FROM debian:bookworm-slim
LABEL org.opencontainers.image.authors="\"Jane \\\"JD\\\" Doe\" <jane@example.com> \$USER \${HOME} C:\\Users\\jane"
