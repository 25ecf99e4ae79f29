# The `os` module as a .aurora file sees it. Aurora configs use it for os.getenv('USER') and the like; here the
# environment is the one the caller supplied for this evaluation (set by PythonRuntime before each run), and
# nothing in this module touches the machine. Jython's real os would also cost ~0.6 s of start-up.

name = 'posix'
sep = '/'
altsep = None
pathsep = ':'
curdir = '.'
pardir = '..'
extsep = '.'
linesep = '\n'
defpath = ':/bin:/usr/bin'
devnull = '/dev/null'
environ = {}


def getenv(key, default=None):
  return environ.get(key, default)


class _PathFunctions(object):
  """os.path: Python's posixpath, imported on first use (it imports this module back for os.sep)."""

  def __getattr__(self, attribute):
    import posixpath
    return getattr(posixpath, attribute)


path = _PathFunctions()
