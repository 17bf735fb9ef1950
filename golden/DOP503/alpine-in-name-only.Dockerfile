FROM mycorp/alpinestyle-tools:1.0
RUN pip install numpy
