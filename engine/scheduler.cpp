// The scheduler: runbooks and ctx:parallel branches are Lua coroutines on one io_context. A binding that does
// I/O parks its coroutine (yielding kPending); its Completion posts the resumption back to the loop.
#include "engine_impl.hpp"

#include <boost/asio/post.hpp>

namespace clawbook {

Task* Engine::Impl::task(uint64_t id) {
  auto it = tasks.find(id);
  return it == tasks.end() ? nullptr : it->second.get();
}

std::chrono::steady_clock::duration Engine::Impl::remaining() const {
  return std::max(std::chrono::steady_clock::duration::zero(), deadline - std::chrono::steady_clock::now());
}

Task& Engine::Impl::spawn(lua_State* from, int nargs, Task* parent) {
  auto task = std::make_unique<Task>();
  task->id = next_task_id++;
  task->thread = lua_newthread(from);
  task->thread_ref = luaL_ref(from, LUA_REGISTRYINDEX);  // pops the thread, keeps it alive
  lua_xmove(from, task->thread, nargs + 1);               // function and arguments
  task->start_args = nargs;
  if (parent != nullptr) {
    task->parent = parent->id;
    task->runbook = parent->runbook;
    task->step = parent->step;
  }
  task_threads.insert(task->thread);
  Task& ref = *task;
  tasks.emplace(ref.id, std::move(task));
  return ref;
}

void Engine::Impl::post_resume(Task& task) {
  boost::asio::post(io, [this, id = task.id] {
    if (Task* t = this->task(id)) resume(*t);
  });
}

void Engine::Impl::resume(Task& task) {
  int nargs = 0;
  if (!task.started) {
    task.started = true;
    nargs = task.start_args;
  } else {
    task.wait = Task::Wait::none;
    ++task.generation;
    lua_pushlightuserdata(task.thread, kResumeToken);
    nargs = 1;
  }
  Task* saved = current;
  current = &task;
  int nresults = 0;
  const int status = lua_resume(task.thread, nullptr, nargs, &nresults);
  current = saved;

  if (status == LUA_YIELD) {
    if (nresults == 1 && lua_touserdata(task.thread, -1) == kPending) {
      lua_pop(task.thread, 1);
      return;  // parked: a Completion or the last parallel branch resumes it
    }
    lua_settop(task.thread, 0);
    lua_pushliteral(task.thread, "coroutine.yield called outside a coroutine (runbooks are resumed by the engine)");
    finish(task, false, 1);
    return;
  }
  finish(task, status == LUA_OK, status == LUA_OK ? nresults : 1);
}

void Engine::Impl::finish(Task& task, bool ok, int nresults) {
  lua_State* thread = task.thread;
  std::string error;
  if (!ok) {
    if (aborted) {
      error = *aborted;
    } else if (lua_type(thread, -1) == LUA_TSTRING) {
      error = lua_tostring(thread, -1);
    } else if (lua_type(thread, -1) == LUA_TTABLE) {  // a {message, traceback} from a message handler
      // Raw access only: the coroutine is dead and no protected call is running, so a metamethod of the
      // runbook's error object (__index, __tostring...) must not run here.
      lua_pushliteral(thread, "message");
      lua_rawget(thread, -2);
      error = lua_type(thread, -1) == LUA_TSTRING ? lua_tostring(thread, -1) : "(error object is not a string)";
      lua_pop(thread, 1);
    } else {
      error = std::string("(error object is a ") + luaL_typename(thread, -1) + " value)";
    }
  }

  if (task.parent != 0) {
    Task* parent = this->task(task.parent);
    if (parent != nullptr) {
      if (ok) {
        if (nresults > 0) {
          lua_settop(thread, lua_gettop(thread) - nresults + 1);  // keep the first result
          lua_rawgeti(thread, LUA_REGISTRYINDEX, parent->results_ref);
          lua_insert(thread, -2);
          // The results table was sized up front, so this store does not allocate.
          lua_rawseti(thread, -2, static_cast<lua_Integer>(task.index_in_parent + 1));
        }
      } else if (!parent->child_error) {
        parent->child_error = "parallel branch " + std::to_string(task.index_in_parent + 1) + " failed: " + error;
      }
      if (--parent->pending_children == 0) {
        const int results_ref = parent->results_ref;
        const size_t count = parent->child_count;
        parent->results_ref = LUA_NOREF;
        if (parent->child_error) {
          parent->raise = std::move(parent->child_error);
          parent->child_error.reset();
          luaL_unref(thread, LUA_REGISTRYINDEX, results_ref);
        } else {
          parent->on_resume = [results_ref, count](lua_State* S) {
            luaL_checkstack(S, static_cast<int>(std::min<size_t>(count, 1000000)), "too many parallel results");
            lua_rawgeti(S, LUA_REGISTRYINDEX, results_ref);
            for (size_t i = 1; i <= count; ++i) lua_rawgeti(S, -static_cast<int>(i), static_cast<lua_Integer>(i));
            lua_remove(S, -static_cast<int>(count) - 1);
            luaL_unref(S, LUA_REGISTRYINDEX, results_ref);
            return static_cast<int>(count);
          };
        }
        post_resume(*parent);
      }
    }
  } else if (task.id == top_task) {
    top_done = true;
    if (!ok) {
      report.error = error;
      // An error outside any step still shows up as a step, so every format has a place for it.
      auto step = std::make_unique<Step>();
      step->title = "runbook " + report.runbook_id;
      step->status = StepStatus::error;
      step->message = error;
      step->error = StepError{error, error_location(error), {}};
      step->started_ms = now_ms();
      step->parent = &report.root;
      report.root.steps.push_back(std::move(step));
    }
  }

  task_threads.erase(thread);
  luaL_unref(thread, LUA_REGISTRYINDEX, task.thread_ref);
  tasks.erase(task.id);
}

// On cancellation every coroutine parked on I/O is resumed with the reason, so it unwinds through its steps.
void Engine::Impl::wake_io_waiters() {
  for (auto& [id, task] : tasks) {
    if (task->wait != Task::Wait::io) continue;
    task->wait = Task::Wait::none;
    ++task->generation;  // any later completion of the abandoned operation is dropped
    task->on_resume = nullptr;
    task->raise = aborted.value_or("cancelled");
    task->wait = Task::Wait::io;  // resume() clears it; stale completions already fail the generation check
    const uint64_t generation = task->generation;
    boost::asio::post(io, [this, id = id, generation] {
      Task* t = this->task(id);
      if (t != nullptr && t->generation == generation) resume(*t);
    });
  }
}

int resume_continuation(lua_State* L, int, lua_KContext context) {
  auto& engine = Engine::Impl::from(L);
  const int base = static_cast<int>(context);
  if (lua_gettop(L) != base + 1 || lua_touserdata(L, base + 1) != kResumeToken)
    return luaL_error(L, "a coroutine waiting for the engine was resumed by the runbook");
  lua_settop(L, base);
  Task* task = engine.current;
  if (task->raise) {
    std::string message = std::move(*task->raise);
    task->raise.reset();
    luaL_where(L, 1);
    lua_pushlstring(L, message.data(), message.size());
    lua_concat(L, 2);
    return lua_error(L);
  }
  auto push = std::move(task->on_resume);
  task->on_resume = nullptr;
  const int before = lua_gettop(L);
  if (push) push(L);
  return lua_gettop(L) - before;
}

}  // namespace clawbook
