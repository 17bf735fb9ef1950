FROM python:3.11-bookworm
RUN pip install --no-cache-dir \
        numpy==2.0.0 \
        pandas==2.2.2 \
        scikit-learn==1.5.0
