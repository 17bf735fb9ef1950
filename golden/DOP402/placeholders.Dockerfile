FROM alpine:3.20
ARG TOKEN
RUN git clone "https://${GIT_USER}:${TOKEN}@github.com/acme/private.git" /src \
    && curl -u "deploy:$DEPLOY_PASSWORD" https://files.acme.io/app.tgz -o /tmp/app.tgz \
    && export API_TOKEN=$(cat /run/secrets/token) && ./fetch.sh --password "$DB_PASSWORD"
RUN pip install --index-url https://<user>:<password>@pypi.acme.io/simple app
