FROM debian:bookworm-slim
RUN export API_TOKEN=Zx9kQ2mP7wL4vB8n && ./fetch.sh
RUN mysql --user=root --password='Qw3rty!Zx9Lm' -e 'CREATE DATABASE app'
