import { createAction } from "@triggo/connector-sdk";
import { z } from "zod";
import formFixture from "../__fixtures__/form.json";
import { typeformAuth } from "../typeform-auth";
import { formIdProp } from "../typeform-props";

const formSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  language: z.string().nullish(),
  fields: z
    .array(
      z.looseObject({
        id: z.string(),
        title: z.string().nullish(),
        type: z.string().nullish(),
        ref: z.string().nullish(),
      }),
    )
    .nullish(),
  hidden: z.array(z.string()).nullish(),
  _links: z
    .looseObject({ display: z.string().nullish(), responses: z.string().nullish() })
    .nullish(),
});

/** A form's definition, as GET /forms/{form_id} returns it. */
export type TypeformForm = z.infer<typeof formSchema>;

/** Retrieves a form's definition: GET /forms/{form_id}. */
export const getForm = createAction({
  name: "get_form",
  displayName: "Get form",
  description:
    "Retrieves a form's definition: its title, language, fields, hidden fields, settings and links.",
  auth: typeformAuth,
  props: { form_id: formIdProp },
  output: formSchema,
  sampleData: formFixture,
  async run(context) {
    const formId = encodeURIComponent(context.propsValue.form_id);
    const response = await context.http.get<TypeformForm>(`/forms/${formId}`, {
      signal: context.signal,
    });
    return response.body;
  },
});
