import flask
import numpy
import requests

print("app", flask.__name__, numpy.__version__, requests.__name__)
