FROM debian:bookworm-slim
SHELL ["/bin/bash", "-l", "-c"]
RUN conda install -y numpy
RUN python -c "import numpy"
