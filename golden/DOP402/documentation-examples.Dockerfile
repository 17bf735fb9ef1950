FROM amazon/aws-cli:2.15.0
# aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE
ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
RUN echo "token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
