"""Create the ready-made "Fastställ" workflow with its approval task.

The task is given to Wagtail's "Moderators" group when the site has one, so approving works at
once; administrators change the groups, and assign the workflow to their manual, under
Settings → Workflows. Reversing removes the workflow and task unless they are in use.
"""

from django.db import migrations

WORKFLOW_NAME = "Fastställ"
GROUP_NAME = "Moderators"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    ApprovalTask = apps.get_model("wagtail_kvalitet.ApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")

    if Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtail_kvalitet", model="approvaltask")
    task = ApprovalTask.objects.create(name=WORKFLOW_NAME, content_type=content_type, active=True)
    task.groups.set(Group.objects.filter(name=GROUP_NAME))
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def remove_workflow(apps, schema_editor):
    ApprovalTask = apps.get_model("wagtail_kvalitet.ApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")

    for workflow in Workflow.objects.filter(name=WORKFLOW_NAME):
        if not WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.workflow_tasks.all().delete()
            workflow.delete()
    ApprovalTask.objects.filter(name=WORKFLOW_NAME, task_states__isnull=True, workflow_tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_kvalitet", "0003_governing_pages"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
