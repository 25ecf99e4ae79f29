# The Python half of the names a .aurora file sees without imports: the user-facing Struct base class and
# Aurora's schema helpers (order, Tasks, SimpleTask, Units, option builders). Everything templating-related is
# done by the Java engine behind the objects these functions receive; this file only composes them.
#
# Executed once per JVM by dev.aurora.dsl.python.AuroraNamespace, which first puts into this module's globals:
#   _define_struct(name, [(field, spec)]), _is_field(obj), _is_instance(type, obj), Empty, Constraint, Process,
#   Resources, Task, GB, List
# Names starting with '_' are not copied into a config's namespace.


class CoercionError(ValueError):
  pass


class Uninterpolatable(Exception):
  pass


class InvalidRefError(Exception):
  pass


class _StructMeta(type):
  """`class Profile(Struct): x = Default(String, 'y')` builds an engine Struct type from the field declarations.
  Anything else in the class body (methods, constants, instances) is dropped, as Pystachio did."""

  def __new__(mcs, name, bases, body):
    if body.get('_is_struct_base'):
      return type.__new__(mcs, name, bases, body)
    fields = [(key, value) for key, value in body.items() if _is_field(value)]
    return _define_struct(name, fields)


class Struct(object):
  __metaclass__ = _StructMeta
  _is_struct_base = True


def _process_name(process):
  if isinstance(process, basestring):
    return process
  if _is_instance(Process, process):
    return process.name().get()
  raise ValueError('Unknown value for process order: %s' % repr(process))


def _unique(items):
  # Aurora merged through set(); keep the first of equal items so the result is at least deterministic here.
  out = []
  for item in items:
    if item not in out:
      out.append(item)
  return out


class Processes(object):
  @staticmethod
  def order(*processes):
    """One order constraint running the given processes (or process names) one after the other."""
    return [Constraint(order=[_process_name(p) for p in processes])]


order = Processes.order


class Units(object):
  @staticmethod
  def safe_get(unit):
    return 0 if unit is Empty else unit.get()

  @staticmethod
  def optional_resources(resources):
    if resources is Empty:
      return Resources(cpu=0, ram=0, disk=0, gpu=0)
    return resources

  @staticmethod
  def _dimensions(resources):
    resources = Units.optional_resources(resources)
    return [Units.safe_get(resources.cpu()), Units.safe_get(resources.ram()),
            Units.safe_get(resources.disk()), Units.safe_get(resources.gpu())]

  @staticmethod
  def _resources(dims):
    return Resources(cpu=dims[0], ram=dims[1], disk=dims[2], gpu=dims[3])

  @staticmethod
  def resources_sum(*resources):
    total = [0, 0, 0, 0]
    for dims in map(Units._dimensions, resources):
      total = [a + b for a, b in zip(total, dims)]
    return Units._resources(total)

  @staticmethod
  def resources_max(resources):
    peak = [0, 0, 0, 0]
    for dims in map(Units._dimensions, resources):
      peak = [max(a, b) for a, b in zip(peak, dims)]
    return Units._resources(peak)

  @staticmethod
  def finalization_wait_sum(tasks):
    return sum(Units.safe_get(task.finalization_wait()) for task in tasks)

  @staticmethod
  def finalization_wait_max(tasks):
    return max([Units.safe_get(task.finalization_wait()) for task in tasks] or [0])

  @staticmethod
  def processes_merge(tasks):
    merged = []
    for task in tasks:
      if task.processes() is not Empty:
        merged.extend(task.processes())
    return _unique(merged)

  @staticmethod
  def constraints_merge(tasks):
    merged = []
    for task in tasks:
      if task.constraints() is not Empty:
        merged.extend(task.constraints())
    return _unique(merged)


class Tasks(object):
  @staticmethod
  def simple(name, command):
    """A one-process task with 1 cpu, 1 GB of ram and 1 GB of disk."""
    return Task(name=name,
                processes=[Process(name=name, cmdline=command)],
                resources=Resources(cpu=1.0, ram=1 * GB, disk=1 * GB))

  @staticmethod
  def sequential(task):
    """The task with one order constraint over its processes, in list order."""
    constraints = task.constraints()
    if constraints is not Empty and len(constraints) > 0:
      raise ValueError('Cannot turn a Task with existing constraints into a SequentialTask!')
    if task.processes() is Empty:
      return task
    return task(constraints=order(*task.processes()))

  @staticmethod
  def combine(*tasks, **kw):
    """Runs the tasks' processes side by side: resources add up, the longest finalization wait applies.
    Name and other settings come from the last task (Aurora's docs said the first; its code used the last)."""
    if not tasks:
      return Task()
    merged = dict(processes=Units.processes_merge(tasks),
                  constraints=Units.constraints_merge(tasks),
                  resources=Units.resources_sum(*[task.resources() for task in tasks]),
                  finalization_wait=Units.finalization_wait_max(tasks))
    merged.update(kw)
    return tasks[-1](**merged)

  @staticmethod
  def concat(*tasks, **kw):
    """Runs the tasks one after another: every process of a task waits for every process of the previous one.
    Resources are the per-dimension maximum, finalization waits add up."""
    if not tasks:
      return Task()
    constraints = Units.constraints_merge(tasks)
    for before, after in zip(tasks, tasks[1:]):
      for first in before.processes() if before.processes() is not Empty else []:
        for second in after.processes() if after.processes() is not Empty else []:
          if first != second:
            constraints.extend(order(first, second))
    merged = dict(processes=Units.processes_merge(tasks),
                  constraints=constraints,
                  resources=Units.resources_max([task.resources() for task in tasks]),
                  finalization_wait=Units.finalization_wait_sum(tasks))
    merged.update(kw)
    return tasks[-1](**merged)


def SimpleTask(name, command):
  return Tasks.simple(name, command)


def SequentialTask(*args, **kw):
  return Tasks.sequential(Task(*args, **kw))


concat_tasks = Tasks.concat
combine_tasks = Tasks.combine


def _option_string(dash_for, args, kw):
  parts = []
  for arg in list(args) + [kw]:
    items = arg.items() if isinstance(arg, dict) else [(arg, None)]
    for key, value in items:
      parts.append(dash_for(key) + str(key))
      if value:
        parts.append(str(value))
  return ' '.join(parts)


class Options(object):
  @staticmethod
  def java(*args, **kw):
    """java_options('server', {'Xmx': '1g'}) -> '-server -Xmx 1g' (always one dash)."""
    return _option_string(lambda key: '-', args, kw)

  @staticmethod
  def python(*args, **kw):
    """python_options('v', verbose=True) -> '-v --verbose True': one dash for one letter, else two."""
    return _option_string(lambda key: '-' if len(str(key)) == 1 else '--', args, kw)


java_options = Options.java
python_options = Options.python
