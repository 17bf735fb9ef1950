FROM amazon/aws-cli:2.15.0
COPY .aws /root/.aws
ADD gcp/credentials.json /secrets/
