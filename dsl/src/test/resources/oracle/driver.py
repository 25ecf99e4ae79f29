# Evaluates generated Pystachio cases and prints one JSON outcome per case. The same text runs in two places:
# as a .aurora file in our runtime (names from our Java engine) and under Jython with the real Pystachio 0.8.5
# imported first, so any difference in the outcomes is a difference between the two implementations.
import json


def _describe(error):
  return '%s: %s' % (type(error).__name__, error)


def _plain(value):
  if isinstance(value, dict):
    return dict((str(_plain(k)), _plain(v)) for k, v in value.items())
  if isinstance(value, (list, tuple)):
    return [_plain(v) for v in value]
  return value


def _evaluate(source, names):
  namespace = dict(names)
  try:
    exec source in namespace
    obj = namespace['obj']
  except Exception as error:
    return {'build': _describe(error)}
  outcome = {}
  try:
    value, refs = obj.interpolate()
    outcome['refs'] = sorted(set(str(ref) for ref in refs))
    outcome['value'] = _plain(value.get())
  except Exception as error:
    outcome['interpolate'] = _describe(error)
  try:
    outcome['check'] = str(obj.check())
  except Exception as error:
    outcome['check'] = _describe(error)
  return outcome


def evaluate_all(cases, names):
  return json.dumps([_evaluate(case, names) for case in cases], sort_keys=True)


def print_each(cases, names):
  """One outcome per line, flushed, so a caller can tell which case a slow run is stuck on."""
  import sys
  for case in cases:
    sys.stdout.write(json.dumps(_evaluate(case, names), sort_keys=True) + '\n')
    sys.stdout.flush()
